"""Scale-out: nginx in front of N Streamlit replicas of the app (docs/deploy.md).

Outside ``components/`` on purpose: this is how the app is run, not part of it. Only the
standard library is used, so the script runs before anything is installed.
"""
