from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Sp4nConfig(AppConfig):
    name = "aduan.sp4n"
    label = "sp4n"
    verbose_name = _("Agency complaint units (SP4N-LAPOR!)")
