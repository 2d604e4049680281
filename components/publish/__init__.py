"""Publishing: a folder of static files that any web host, CDN or ``file://`` serves (issue 13).

``site.publish_site`` is the one entry point (the CLI's ``publish`` and the app's Publish button).
It sits above ``components.export`` (it assembles exports into a site) and below ``ui``/``cli``.
"""
