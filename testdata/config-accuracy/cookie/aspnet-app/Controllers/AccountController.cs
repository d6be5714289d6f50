using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Controllers
{
    public class AccountController : Controller
    {
        private readonly IAuthService _auth;

        public AccountController(IAuthService auth) => _auth = auth;

        [HttpPost]
        public async Task<IActionResult> Login(LoginModel model)
        {
            var token = await _auth.IssueTokenAsync(model.Email, model.Password);
            Response.Cookies.Append("access_token", token);
            return RedirectToAction("Index", "Home");
        }

        [HttpPost]
        public async Task<IActionResult> LoginSecure(LoginModel model)
        {
            var token = await _auth.IssueTokenAsync(model.Email, model.Password);
            Response.Cookies.Append("access_token", token, new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Strict,
                Expires = DateTimeOffset.UtcNow.AddHours(1),
            });
            return RedirectToAction("Index", "Home");
        }

        [HttpPost]
        public IActionResult Embed(string sessionId)
        {
            var options = new CookieOptions { HttpOnly = false, Secure = false, SameSite = SameSiteMode.None };
            Response.Cookies.Append("embed_session", sessionId, options);
            return Ok();
        }

        [HttpPost]
        public IActionResult SetCulture(string culture, string returnUrl)
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1) });
            return LocalRedirect(returnUrl);
        }

        [HttpPost]
        public IActionResult Logout()
        {
            Response.Cookies.Delete("access_token");
            return RedirectToAction("Index", "Home");
        }
    }
}
