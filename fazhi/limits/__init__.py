"""Rate limits: fixed-window counters per IP address or account, and the atomic SQL increment.

A ground-floor app: comments, accounts and 人员查询 (staff) count with it; it knows nothing above
it. The functions are in ``fazhi.limits.rates``; the database counters in ``models.RateCounter``.
"""
