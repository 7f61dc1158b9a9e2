"""Personal data (UU 27/2022, *Pelindungan Data Pribadi*; DOMAIN.md §8): data-subject requests
(access and correction, answered within 3×24 hours, Ps.32, never revealing another person's data,
Ps.33), the retention schedule that anonymises reporters of cases closed longer ago than the
office's archive period (Ps.42–44), and the breach register with its 3×24-hour notification clock
(Ps.46). Rows change only through ``aduan.privacy.services`` and ``aduan.privacy.retention``;
pages at /kantor/privasi/ for the head of office and the data protection officer (Ps.53–54)."""
