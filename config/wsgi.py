import os

from django.core.wsgi import get_wsgi_application

# A web worker's C allocator, tuned before Django and the apps load (config/memory.py).
from config.memory import trim_after_requests, tune_allocator

tune_allocator()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# A web worker gives back what its C allocator holds after requests (config/memory.py).
trim_after_requests()
