"""Writes on dossiers. Each public function is one action of the API or back office."""

from .clock import (
    dossier_extend,
    dossier_record_payment,
    dossier_refund_payment,
    dossier_request_payment,
    dossier_request_supplement,
    dossier_submit_supplement,
)
from .intake import (
    dossier_accept,
    dossier_refuse,
    dossier_request_completion,
    dossier_submit,
    dossier_submit_completion,
    dossier_withdraw,
)
from .processing import (
    dossier_answer_consultation,
    dossier_approve,
    dossier_assign,
    dossier_consult,
    dossier_forward,
    dossier_not_resolve,
    dossier_return,
    dossier_stop,
)
from .results import dossier_deliver, dossier_result_issue
from .tracks import dossier_components_digitise, dossier_sync_status_set

__all__ = [
    "dossier_accept",
    "dossier_answer_consultation",
    "dossier_approve",
    "dossier_assign",
    "dossier_components_digitise",
    "dossier_consult",
    "dossier_deliver",
    "dossier_extend",
    "dossier_forward",
    "dossier_not_resolve",
    "dossier_record_payment",
    "dossier_refund_payment",
    "dossier_refuse",
    "dossier_request_completion",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_result_issue",
    "dossier_return",
    "dossier_stop",
    "dossier_submit",
    "dossier_submit_completion",
    "dossier_submit_supplement",
    "dossier_sync_status_set",
    "dossier_withdraw",
]
