"""What evidence contributes to the documents (districts.documents): the files and links of
a section's items that its reader may read (their names, never their content)."""

from evidence.selectors import files_of_items

FILES = files_of_items
