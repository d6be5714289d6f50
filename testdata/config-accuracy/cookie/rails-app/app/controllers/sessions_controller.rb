class SessionsController < ApplicationController
  def create
    user = User.find_by(email: params[:email])
    if user&.authenticate(params[:password])
      cookies[:auth_token] = user.auth_token
      cookies.permanent[:remember_token] = user.remember_token
      redirect_to root_path
    else
      flash.now[:alert] = "Invalid email or password"
      render :new, status: :unprocessable_entity
    end
  end

  def create_secure
    user = User.authenticate_by(email: params[:email], password: params[:password])
    cookies.encrypted[:user_id] = { value: user.id, httponly: true, secure: Rails.env.production?, same_site: :lax }
    cookies.signed.permanent[:remember] = { value: user.remember_digest, httponly: true, secure: true, same_site: :lax }
    redirect_to root_path
  end

  def destroy
    cookies.delete(:auth_token)
    cookies.delete(:remember_token)
    redirect_to root_path
  end

  def locale
    cookies[:locale] = params[:locale]
    redirect_back fallback_location: root_path
  end
end
