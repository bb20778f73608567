"""Static files in production: whitenoise's hashed, compressed copies, gzip only.

Brotli at whitenoise's quality 11 costs minutes of CPU for Kith's ~1,100 static files (the API
docs' bundle is most of it) on a 2-core machine, at every deploy and every `kith serve` start,
for files a few percent smaller than gzip's; so brotli is off even when the package is
installed (KITH_STATIC_BROTLI=1 turns it back on).
"""

import os

from whitenoise.storage import CompressedManifestStaticFilesStorage


class KithStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        kwargs.setdefault("use_brotli", os.environ.get("KITH_STATIC_BROTLI", "0") == "1")
        return super().create_compressor(**kwargs)
