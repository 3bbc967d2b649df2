"""An upload handler that stops receiving a file as soon as it passes the size limit (the
rest of it is never written anywhere), and says which files it stopped."""

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler

from evidence.uploads import max_file_bytes


class LimitedUploadHandler(TemporaryFileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.too_large: list[str] = []
        request.evidence_too_large = self.too_large

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > max_file_bytes():
            self.too_large.append(self.file_name)
            self.file.close()
            raise SkipFile()
        return super().receive_data_chunk(raw_data, start)
