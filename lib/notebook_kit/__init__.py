"""What every notebook uses: publishing a figure with its data and caption.

- ``figures``  the house style, and ``publish_figure`` (PNG, CSV, caption and alt text side by side)
"""
