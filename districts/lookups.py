"""`any_of`: a column among a list of ids, for pages over a coach's few hundred districts.

`district_id__in=[…]` makes Django prepare every id of the list, at the filter and again at
the compile, for each subquery that names the list (a coach's count of what needs attention
names 200 ids in six subqueries: 8 ms of the page's time); on PostgreSQL `any_of` sends the
list as one array parameter (`= ANY(%s)`, which PostgreSQL plans as it plans `IN`). Elsewhere
(SQLite) it is `IN`. For integers only (ids)."""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a relation's lookups are its own (`district_id__…`)
