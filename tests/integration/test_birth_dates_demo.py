"""The demo's residents have plausible dates of birth: owners from the register, a few teenagers, two gaps."""
from collections import Counter

from sqlalchemy import select

from deliberation.domain.age import adulthood, age_on
from deliberation.extensions import db
from deliberation.models import User
from deliberation.services import demo
from deliberation.services.households import local_today


def test_demo_residents_have_plausible_birth_dates_and_a_few_minors(app):
    with app.app_context():
        demo.seed()
        today = local_today()
        residents = db.session.scalars(select(User).where(User.household_id.is_not(None))).all()
        verdicts = Counter(adulthood(r.birth_date, r.birth_year_only, today) for r in residents)
        assert verdicts == {"adult": 55, "minor": 3, "unknown": 2}
        ages = [age_on(r.birth_date, today) for r in residents if r.birth_date]
        assert min(ages) >= 15 and max(ages) <= 86
        owners_from_register = [r for r in residents if r.name == r.household.owner_name]
        assert owners_from_register and all(r.birth_date for r in owners_from_register)
        assert any(r.birth_year_only for r in residents)
