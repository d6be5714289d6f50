<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Cookie;

class AuthController extends Controller
{
    public function login(Request $request)
    {
        $token = $this->auth->attempt($request->only('email', 'password'));

        return response()->json(['ok' => true])->cookie('token', $token, 60, '/', null, false, false);
    }

    public function remember(Request $request)
    {
        Cookie::queue('remember_device', $request->user()->device_token, 60 * 24 * 30);

        return response()->noContent();
    }

    public function logout()
    {
        return redirect('/')->withCookie(Cookie::forget('token'));
    }
}
