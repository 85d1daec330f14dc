"""The card form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class CardForm(FlaskForm):
    """Everything about an initiative that its detail page edits."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give the initiative a title.")),
            Length(max=200, message=_l("A title can have at most 200 characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            Length(max=10000, message=_l("A description can have at most 10,000 characters."))
        ],
    )
    work_site_id = SelectField(_l("Work site"), choices=[], validate_choice=False)
    resident_lead_id = SelectField(_l("Resident lead"), choices=[], validate_choice=False)
    professional_lead_id = SelectField(_l("Professional lead"), choices=[], validate_choice=False)
    due_date = DateField(
        _l("Due date"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    version = HiddenField()

    def set_choices(self, sites, residents, professionals) -> None:
        """Fill the selects with this coalition's work sites and members."""
        nobody = ("", str(_l("— nobody yet —")))
        self.work_site_id.choices = [("", str(_l("— none —")))] + [
            (str(s.id), s.name) for s in sites
        ]
        self.resident_lead_id.choices = [nobody] + [(str(u.id), u.display_name) for u in residents]
        self.professional_lead_id.choices = [nobody] + [
            (str(u.id), u.display_name) for u in professionals
        ]
