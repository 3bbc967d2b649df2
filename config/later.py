"""Values a page makes only if its template reads them: a part of the page kept rendered
({% kept %}) does not read them, so a kept page does not pay for them."""


class Later:
    """A value made on first use, then remembered. A template calls it when it reads it
    (templates call what is callable), so `{{ sheet.total }}` works as on the value."""

    def __init__(self, make):
        self._make = make
        self._made = False
        self._value = None

    def __call__(self):
        if not self._made:
            self._value = self._make()
            self._made = True
        return self._value
