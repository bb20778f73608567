from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kith.network import actions
from kith.network.models import Invitation


def test_periodic_once_runs_the_beat_schedule(ada, grace):
    invitation = actions.send_invitation(grace, to=ada)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=200))
    call_command("periodic", "--once")
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.EXPIRED
