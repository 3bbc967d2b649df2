"""What evidence contributes to the documents (districts.documents): the files and links of
a section's items that its reader may read (their names, never their content)."""

from districts.documents import register_files
from evidence.selectors import files_of_items


def register_parts() -> None:
    register_files(files_of_items)
