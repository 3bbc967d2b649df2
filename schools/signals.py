"""What schools tell the features above them of, without importing them; each sent by
schools.services inside the write's transaction (a receiver's failure rolls the write back)."""

from django.dispatch import Signal

# school: so that what is weighed by a school's enrolment (a measure rolled up weighted by
# enrolment) is worked out again with the write.
enrolment_changed = Signal()
# school, acting_user: after the school is saved closed (its open rounds close with it).
school_closed = Signal()
