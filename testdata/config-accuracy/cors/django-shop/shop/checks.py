from django.conf import settings
from django.core.checks import Error, register


@register()
def cors_settings_check(app_configs, **kwargs):
    if getattr(settings, "CORS_ALLOW_ALL_ORIGINS", False) and settings.CORS_ALLOW_CREDENTIALS:
        return [
            Error(
                "CORS_ALLOW_ALL_ORIGINS = True is not allowed with CORS_ALLOW_CREDENTIALS = True",
                id="shop.E001",
            )
        ]
    return []
