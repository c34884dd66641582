"""Build small communities for tests; hand back plain values, not ORM objects bound to a session."""
from dataclasses import dataclass, field
from types import SimpleNamespace

from deliberation.extensions import db
from deliberation.models import Building, Household, RoleGrant, User
from deliberation.models import Community as CommunityModel

PASSWORD = "password1"


def make_other_community(name="别的社区"):
    """Create a second community (for isolation tests) and return its id."""
    other = CommunityModel(name=name)
    db.session.add(other)
    db.session.commit()
    return other.id


def make_user(community_id, name, phone, household_id=None, roles=(), status="verified", occupancy="owner"):
    """Create a user and return its id, name and phone."""
    user = User(community_id=community_id, name=name, phone=phone, status=status,
                household_id=household_id, occupancy=occupancy if household_id else None)
    user.set_password(PASSWORD)
    user.roles = [RoleGrant(role=r) if isinstance(r, str) else RoleGrant(role=r[0], building_id=r[1])
                  for r in roles]
    db.session.add(user)
    db.session.commit()
    return SimpleNamespace(id=user.id, name=name, phone=phone, household_id=household_id)


@dataclass
class Community:
    id: int
    building_a: SimpleNamespace
    building_b: SimpleNamespace
    worker: SimpleNamespace
    auditor: SimpleNamespace
    admin: SimpleNamespace
    resident_a: SimpleNamespace
    resident_b: SimpleNamespace
    households: list = field(default_factory=list)

    @classmethod
    def build(cls):
        community = CommunityModel(name="测试社区", address="测试路 1 号")
        a, b = Building(name="1号楼", sort_key=1), Building(name="2号楼", sort_key=2)
        community.buildings = [a, b]
        db.session.add(community)
        db.session.flush()
        households = []
        for building in (a, b):
            for room in ("101", "102", "201", "202"):
                h = Household(building=building, unit="1", room=room, floor_area=8950, owner_name="业主")
                db.session.add(h)
                households.append(h)
        db.session.commit()
        homes = [SimpleNamespace(id=h.id, building_id=h.building_id, room=h.room) for h in households]
        cid = community.id
        return cls(
            id=cid,
            building_a=SimpleNamespace(id=a.id, name=a.name),
            building_b=SimpleNamespace(id=b.id, name=b.name),
            worker=make_user(cid, "王芳", "13900000001", roles=("worker",)),
            auditor=make_user(cid, "赵敏", "13900000002", roles=("auditor",)),
            admin=make_user(cid, "周建国", "13900000000", roles=("admin", "worker")),
            resident_a=make_user(cid, "张三", "13800000001", homes[0].id),
            resident_b=make_user(cid, "李四", "13800000002", homes[4].id),
            households=homes,
        )


# --- sharing: resources, bookings, projects ---

def make_resource(community_id, name="活动室", building_id=None, **rules):
    """Create a shared resource with default booking rules (overridable) and return its id."""
    from deliberation.models import Resource

    resource = Resource(community_id=community_id, name=name, building_id=building_id, kind="room", **rules)
    db.session.add(resource)
    db.session.commit()
    return resource.id


def make_booking(resource_id, household_id, user_id, starts_at, minutes=60, status="confirmed"):
    """Insert a booking directly (no rules checked) and return its id."""
    from datetime import timedelta

    from deliberation.models import Booking

    booking = Booking(resource_id=resource_id, household_id=household_id, user_id=user_id, starts_at=starts_at,
                      ends_at=starts_at + timedelta(minutes=minutes), status=status)
    db.session.add(booking)
    db.session.commit()
    return booking.id


def make_project(community_id, title="楼道粉刷", building_id=None):
    from deliberation.models import Project

    project = Project(community_id=community_id, title=title, building_id=building_id, status="in_progress")
    db.session.add(project)
    db.session.commit()
    return project.id


def make_neighbours(community_id, building_id, count, phone_prefix="1361"):
    """Create count households in the building, each with one verified resident; return the residents."""
    people = []
    for n in range(count):
        household = Household(building_id=building_id, unit="9", room=f"{n + 1:03d}", floor_area=9000,
                              owner_name="业主")
        db.session.add(household)
        db.session.flush()
        people.append(make_user(community_id, f"邻居{n}", f"{phone_prefix}{n:07d}", household.id))
    return people


# --- councils: councils with seats, proposals waiting on an agenda ---

def make_council(community_id, seats, building_id=None, rule="majority_present", name="居民议事会", **settings):
    """Create a council seating (user_id, role) pairs since last year, with their council role granted;
    return its id and member ids by user."""
    from datetime import date

    from deliberation.models import Council, CouncilMember

    council = Council(community_id=community_id, building_id=building_id, name=name, rule=rule, **settings)
    council.members = [CouncilMember(user_id=uid, role=role, term_start=date(date.today().year - 1, 1, 1))
                       for uid, role in seats]
    db.session.add(council)
    for uid, _ in seats:
        user = db.session.get(User, uid)
        if not user.has_role("council"):
            user.roles.append(RoleGrant(role="council"))
    db.session.commit()
    return SimpleNamespace(id=council.id, members={m.user_id: m.id for m in council.members})


def make_agenda_proposal(community_id, author_id, title="加装电梯", building_id=None, estimated_cost=None):
    """Create a proposal already waiting on a council agenda and return its id."""
    from deliberation.models import Proposal

    proposal = Proposal(community_id=community_id, author_id=author_id, title=title, body="理由……",
                        category="co_building", status="on_agenda", building_id=building_id,
                        estimated_cost=estimated_cost)
    db.session.add(proposal)
    db.session.commit()
    return proposal.id


# --- deliberation: proposals, threads, comments ---

def make_proposal(author_id, title="加装电梯", building_id=None, status="collecting", body="提案内容", category="co_building"):
    """Create a proposal through the service (so it gets its thread and timeline); return its id."""
    from deliberation.services import proposals

    author = db.session.get(User, getattr(author_id, "id", author_id))
    proposal = proposals.create(author, title, body, category, building_id, 1200000, submit=status != "draft")
    return proposal.id


def make_thread(author_id, building_id=None, title="楼道灯坏了", body="三楼的灯不亮了"):
    """Open a board topic; return the thread id."""
    from deliberation.services import comments

    author = db.session.get(User, getattr(author_id, "id", author_id))
    return comments.start_thread(author, building_id, title, body).id
