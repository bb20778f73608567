from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "kith.portability"
    label = "portability"
    verbose_name = "Portability"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kith.portability import notification_kinds
        from kith.portability.actions import cancel_deletion

        notification_kinds.register()

        def keep_account(sender, *, user, request=None, **kwargs) -> None:
            # Signing in during the grace period is how a member takes back their deletion.
            if cancel_deletion(user) is not None and request is not None and hasattr(request, "_messages"):
                from django.contrib import messages

                messages.success(request, "Welcome back: your account will not be deleted.")

        user_logged_in.connect(keep_account, dispatch_uid="kith-portability-signing-in-keeps-the-account")
