import factory

from accounts.models import User
from districts.models import CoachAssignment, Cohort, District, Membership, Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    state = "ME"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    district = factory.SubFactory(DistrictFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class CoachAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachAssignment

    district = factory.SubFactory(DistrictFactory)
    coach = factory.SubFactory(UserFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
