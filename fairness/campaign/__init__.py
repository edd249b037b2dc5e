"""Stored campaigns: a wheel under one set of rules, growing batch by batch in a store.

:class:`Campaign` (also ``fairness.Campaign``) is the API; ``fairness campaign ...`` the
commands; :mod:`~fairness.campaign.store` opens SQLite files and PostgreSQL databases and
migrates them; :mod:`~fairness.campaign.rows` turns Evidence into stored rows with the keys that
keep anything from being stored twice; :mod:`~fairness.campaign.monitor` the e-value over
batches; :mod:`~fairness.campaign.form` members' reports.
"""

from __future__ import annotations

from fairness.campaign.collection import Batch, Campaign, CampaignCheck, list_campaigns
from fairness.campaign.form import Submission
from fairness.campaign.store import Store

__all__ = ["Batch", "Campaign", "CampaignCheck", "Store", "Submission", "list_campaigns"]
