"""Forms of the feedback pages. They collect input; the services decide what is valid."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Agency

from .constants import HandlingRating, RatingChannel
from .errors import FeedbackError
from .selectors import rating_criteria, rating_levels, ticket_categories
from .services import RatingInput, TicketInput


def report_error(form: forms.Form, error: FeedbackError) -> None:
    """Show a service's refusal beside the input it is about, or on top of the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class TicketForm(forms.Form):
    category = forms.ChoiceField(label=_("What is it about?"))
    agency = forms.ChoiceField(label=_("Agency concerned"))
    title = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    dossier_code = forms.CharField(
        label=_("Dossier code (if it is about a dossier)"),
        max_length=60,
        required=False,
        help_text=_("As printed on the receipt, e.g. H61.17-261122-0001."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    contact_email = forms.CharField(
        label=_("Email"), max_length=254, required=False, widget=forms.EmailInput
    )
    contact_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    publish_consent = forms.BooleanField(
        label=_("I agree that the answer may be published (without my contact details)."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [
            (c.code, c.name) for c in ticket_categories()
        ]
        agencies = Agency.objects.valid_on(timezone.localdate()).order_by("name")
        self.fields["agency"].choices = [("", "—")] + [(str(a.pk), a.name) for a in agencies]

    def to_input(self) -> TicketInput:
        data = self.cleaned_data
        return TicketInput(
            category=data["category"],
            agency_id=int(data["agency"]),
            title=data["title"],
            content=data["content"],
            dossier_code=data["dossier_code"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            contact_address=data["contact_address"],
            publish_consent=data["publish_consent"],
        )


class FollowForm(forms.Form):
    code = forms.CharField(label=_("Feedback code"), max_length=20)


class RatingForm(forms.Form):
    """The overall level and one optional or required answer per criterion in force."""

    level = forms.ChoiceField(label=_("Overall, how satisfied are you?"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, channels: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(level.code, level.name) for level in rating_levels()]
        self.fields["level"].choices = levels
        self.criteria = list(rating_criteria())
        for criterion in self.criteria:
            self.fields[criterion.code] = forms.ChoiceField(
                label=criterion.name,
                choices=levels if criterion.is_required else [("", _("No answer")), *levels],
                required=criterion.is_required,
                widget=forms.RadioSelect,
            )
        if len(channels) > 1:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Recorded"),
                choices=[(c, RatingChannel(c).label) for c in channels],
            )
        self.channels = channels

    @property
    def criterion_fields(self):
        return [self[c.code] for c in self.criteria]

    def channel(self) -> str:
        return self.cleaned_data.get("channel") or self.channels[0]

    def to_input(self) -> RatingInput:
        data = self.cleaned_data
        return RatingInput(
            level=data["level"],
            answers={c.code: data[c.code] for c in self.criteria if data.get(c.code)},
            comment=data["comment"],
        )


class ProveDossierForm(forms.Form):
    code = forms.CharField(label=_("Dossier code"), max_length=60)
    factor = forms.CharField(
        label=_("Applicant's identification number, or the last 4 digits of the phone"),
        max_length=20,
    )


class HandlingRatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with how your feedback was handled?"),
        choices=HandlingRating.choices,
        widget=forms.RadioSelect,
    )


class AssignForm(forms.Form):
    prefix = "assign"  # several action forms share the page

    assignee = forms.ChoiceField(label=_("Officer"))

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "—")] + [(str(u.pk), str(u)) for u in officers]


class TransferForm(forms.Form):
    prefix = "transfer"  # several action forms share the page

    agency = forms.ChoiceField(label=_("Transfer to"))
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, exclude_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.valid_on(timezone.localdate()).exclude(pk=exclude_id)
        self.fields["agency"].choices = [("", "—")] + [
            (str(a.pk), a.name) for a in agencies.order_by("name")
        ]


class AnswerForm(forms.Form):
    prefix = "answer"  # several action forms share the page

    answer = forms.CharField(
        label=pgettext_lazy("ticket", "Answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class RejectForm(forms.Form):
    prefix = "reject"  # several action forms share the page

    reason = forms.CharField(
        label=_("Reason for not accepting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
