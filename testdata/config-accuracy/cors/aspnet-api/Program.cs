var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddCors(options =>
{
    options.AddPolicy("Spa", policy =>
    {
        policy.SetIsOriginAllowed(_ => true)
              .AllowAnyHeader()
              .AllowAnyMethod()
              .AllowCredentials();
    });
    options.AddPolicy("Public", policy =>
    {
        policy.AllowAnyOrigin().AllowAnyMethod();
    });
    options.AddPolicy("Partners", policy =>
    {
        policy.WithOrigins("https://partner.example.com", "https://app.example.com")
              .AllowAnyHeader()
              .AllowCredentials();
    });
});

var app = builder.Build();
app.UseCors("Spa");
app.MapControllers();
app.Run();
