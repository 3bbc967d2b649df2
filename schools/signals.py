"""What schools tell the features above them of, without importing them."""

from django.dispatch import Signal

# Sent by schools.services.school_close inside its transaction, after the school is saved
# closed: school, acting_user. A receiver's failure rolls the closing back.
school_closed = Signal()
