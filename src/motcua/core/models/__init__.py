from .audit import AuditEvent, AuditEventKind
from .base import TimeStampedModel

__all__ = ["AuditEvent", "AuditEventKind", "TimeStampedModel"]
