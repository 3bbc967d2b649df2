"""What the features above schools hear of a school's change, sent by schools.services in
the write's transaction (schools imports none of them): `enrolment_changed(school=...)`, so
that what is weighed by a school's enrolment (a measure rolled up weighted by enrolment) is
worked out again with the write."""

from django.dispatch import Signal

enrolment_changed = Signal()
