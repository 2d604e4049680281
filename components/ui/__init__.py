"""The Streamlit app's panels, the only package that imports streamlit: map frame (through
streamlit-folium), reader, claims tab, sidebar, import and export panels, the typed session
state and Markdown escaping. ``app.py`` lays these out.
"""
