from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kith.network"
    label = "network"

    def ready(self) -> None:
        from kith.core import navigation
        from kith.moderation import content, history, holds, trust
        from kith.network import actions, notification_kinds, selectors

        notification_kinds.register()
        navigation.count("pending_invitations", lambda member: selectors.invitations(member, selectors.Box.RECEIVED))
        history.register("Their recent invitations, and how they were answered", selectors.recent_invitations_for_moderators)
        trust.register_invitation_facts(selectors.acceptance_facts)
        holds.register_answer_facts(selectors.answers_since)
        holds.register_answer_facts_many(selectors.answers_since_many)
        content.register(
            "network.invitation",
            kind="invitation",
            describe=selectors.invitation_for_moderators,
            remove=actions.remove_invitation,
        )
