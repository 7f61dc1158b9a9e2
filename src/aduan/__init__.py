"""Aduan: public-service complaint handling and maladministration oversight."""

__version__ = "0.1.0"
