import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# A web worker gives back what its C allocator holds after requests (config/memory.py).
from config.memory import trim_after_requests  # noqa: E402 (after Django is set up)

trim_after_requests()
