"""What every notebook uses: opening a release's tables, publishing a figure with its data, formatting dates.

- ``release``  ``open_release(processed_dir, figures_dir)``: tables, the ingest report, ``publish``
- ``figures``  the house style, and ``publish_figure`` (PNG, CSV, caption and alt text side by side)
"""

from lib.notebook_kit.figures import publish_figure, use_style
from lib.notebook_kit.release import Release, day, minute, open_release

__all__ = ["Release", "day", "minute", "open_release", "publish_figure", "use_style"]
