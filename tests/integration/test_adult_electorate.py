"""Votes of adult residents: the roll takes those 18 on the local opening day; births come from the register."""
import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from deliberation.extensions import db
from deliberation.models import AuditEntry, Community, Household, User, Vote
from deliberation.services import households, invites, vote_eligibility, votes

from .. import vote_world
from ..factories import make_user

# 16:30 UTC on 1 June is 00:30 on 2 June in Shanghai: the opening day is 2 June.
OPENS = datetime(2026, 6, 1, 16, 30, tzinfo=timezone.utc)


def _born(user_id, born, year_only=False):
    user = db.session.get(User, user_id)
    user.birth_date, user.birth_year_only = born, year_only
    db.session.commit()


def _adults_vote(community, **overrides):
    council, members = vote_world.seat_trustees(community)
    fields = dict(eligibility="adults", opens_at=OPENS, closes_at=OPENS + timedelta(days=7))
    fields.update(overrides)
    return vote_world.create(community, council.id, **fields), members


def test_roll_takes_residents_18_on_the_local_opening_day_and_leaves_out_unknown_ages(app, community):
    with app.app_context():
        homes = community.households
        year_alone_adult = make_user(community.id, "老王", "13800000011", homes[5].id, occupancy="tenant")
        year_alone_unsure = make_user(community.id, "小李", "13800000012", homes[6].id)
        leap_day = make_user(community.id, "小周", "13800000013", homes[7].id)
        _born(community.resident_a.id, date(2008, 6, 2))      # 18 on the opening day (still 17 in UTC)
        _born(community.resident_b.id, date(2008, 6, 3))      # 18 the day after: a minor
        _born(year_alone_adult.id, date(1970, 1, 1), year_only=True)
        _born(year_alone_unsure.id, date(2008, 1, 1), year_only=True)
        _born(leap_day.id, date(2008, 2, 29))                 # 18 since 28 February
        vote_id, members = _adults_vote(community)

        check = vote_eligibility.age_check(db.session.get(Vote, vote_id))
        assert check.day == date(2026, 6, 2)
        assert (check.adults, check.minors) == (3, 1)
        assert sorted(i for i, _ in check.missing) == sorted(m.id for m in members)
        assert [i for i, _ in check.undecided] == [year_alone_unsure.id]

        worker = db.session.get(User, community.worker.id)
        vote = votes.freeze(db.session.get(Vote, vote_id), worker)
        assert sorted(v.user_id for v in vote.voters) == sorted(
            [community.resident_a.id, year_alone_adult.id, leap_day.id])
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "vote.freeze")).one()
        details = json.loads(entry.details)
        assert details["adults_on"] == "2026-06-02" and details["minors"] == 1
        assert sorted(details["no_birth_date"]) == sorted(m.id for m in members)
        assert details["birth_year_undecided"] == [year_alone_unsure.id]


def test_building_vote_checks_only_that_buildings_residents(app, community):
    with app.app_context():
        vote_id, _ = _adults_vote(community, building_id=community.building_b.id)
        check = vote_eligibility.age_check(db.session.get(Vote, vote_id))
        # Building B holds only resident_b (no birth date); the council lives in building A.
        assert [i for i, _ in check.missing] == [community.resident_b.id] and check.adults == 0


def test_owners_vote_ignores_birth_dates(app, community):
    with app.app_context():
        _born(community.resident_b.id, date(2010, 1, 1))
        vote_id, members = _adults_vote(community, eligibility="owners")
        assert vote_eligibility.age_check(db.session.get(Vote, vote_id)) is None
        vote = votes.freeze(db.session.get(Vote, vote_id), db.session.get(User, community.worker.id))
        assert len(vote.voters) == 2 + len(members)


def test_register_birth_dates_reach_the_owner_who_registered_and_the_one_who_registers_later(app, community):
    csv = ("楼栋,单元,房号,面积,业主姓名,出生日期\r\n"
           "1号楼,1,101,89.50,张三,1956/3/8\r\n"        # resident_a is 张三 and has no birth date yet
           "2号楼,1,101,89.50,王五,1962\r\n"            # resident_b is 李四: not the register's owner
           "1号楼,1,102,89.50,赵六,1990-10-01\r\n"      # nobody registered yet
           "1号楼,1,201,89.50,孙七,\r\n")              # blank: nothing known
    with app.app_context():
        community_row = db.session.get(Community, community.id)
        worker = db.session.get(User, community.worker.id)
        created, updated, errors = households.import_register(community_row, csv.encode("gbk"), worker)
        assert errors == [] and created == 0 and updated == 4
        assert db.session.get(User, community.resident_a.id).birth_date == date(1956, 3, 8)
        assert db.session.get(User, community.resident_b.id).birth_date is None
        home_b = db.session.get(Household, community.households[4].id)
        assert (home_b.owner_birth_date, home_b.owner_birth_year_only) == (date(1962, 1, 1), True)
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "households.import")).one()
        assert json.loads(entry.details)["birth_dates_given"] == [community.resident_a.id]

        code = invites.generate([db.session.get(Household, community.households[1].id)], worker)[0][1]
        owner = invites.register(community_row, code, "赵 六", "13800000021", None, "password1", "owner")
        assert (owner.birth_date, owner.birth_year_only) == (date(1990, 10, 1), False)
        code = invites.generate([db.session.get(Household, community.households[1].id)], worker)[0][1]
        family = invites.register(community_row, code, "赵小六", "13800000022", None, "password1", "owner")
        assert family.birth_date is None


def test_register_does_not_overwrite_a_birth_date_the_office_recorded(app, community):
    with app.app_context():
        _born(community.resident_a.id, date(1956, 3, 9))
        community_row = db.session.get(Community, community.id)
        worker = db.session.get(User, community.worker.id)
        csv = "楼栋,单元,房号,面积,业主姓名,出生日期\r\n1号楼,1,101,89.50,张三,1956-03-08\r\n"
        assert households.import_register(community_row, csv.encode("utf-8"), worker)[2] == []
        assert db.session.get(User, community.resident_a.id).birth_date == date(1956, 3, 9)


def test_register_with_a_bad_birth_date_imports_nothing_and_names_the_line(app, community):
    with app.app_context():
        community_row = db.session.get(Community, community.id)
        worker = db.session.get(User, community.worker.id)
        csv = ("楼栋,单元,房号,面积,业主姓名,出生日期\r\n1号楼,1,101,89.50,张三,1956-03-08\r\n"
               "1号楼,1,102,89.50,赵六,1990-13-01\r\n1号楼,1,201,89.50,孙七,2999\r\n")
        created, updated, errors = households.import_register(community_row, csv.encode("utf-8"), worker)
        assert (created, updated) == (0, 0)
        assert [(e.line, e.code) for e in errors] == [(3, "bad_birth_date"), (4, "future_birth_date")]
        assert db.session.get(User, community.resident_a.id).birth_date is None
        assert db.session.get(Household, community.households[0].id).owner_birth_date is None
