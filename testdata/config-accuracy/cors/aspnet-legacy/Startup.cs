using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Legacy
{
    public class Startup
    {
        public void ConfigureServices(IServiceCollection services)
        {
            services.AddCors(o => o.AddPolicy("AllowAll", b =>
            {
                b.AllowAnyOrigin()
                 .AllowAnyMethod()
                 .AllowAnyHeader()
                 .AllowCredentials();
            }));
            services.AddCors(o => o.AddPolicy("Subdomains", b =>
                b.SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith("example.com"))
                 .AllowCredentials()));
            services.AddCors(o => o.AddPolicy("Wildcard", b =>
                b.WithOrigins("https://*.example.com").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials()));
            services.AddControllersWithViews();
        }

        public void Configure(IApplicationBuilder app)
        {
            app.UseRouting();
            app.UseCors("AllowAll");
            app.UseEndpoints(e => e.MapDefaultControllerRoute());
        }
    }
}
