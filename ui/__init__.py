"""The dashboard's UI layer beside streamlit_app.py: the only code, with pages/, that imports Streamlit."""
