"""Streamlit page modules of app.py; only this package and app.py import streamlit."""
