"""Chinese admin of the proofreading service: the knowledge base's versioned YAML files (validated with
the engine's models on save: a bad edit is refused with the Chinese error), jobs (each proofreader sees
only their own history) and the yearly whole-site proofreading schedules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from govwatch.storage.models import KnowledgeBaseFile, ProofreadJob, ProofreadSchedule
from govwatch.storage.models.proofread import KB_FILES

# The engine (pypinyin, automata) is imported inside the methods: the admin is loaded by every
# django.setup(), and workers that never validate a knowledge base should not pay ~0.4 s for it.


class KnowledgeBaseFileForm(forms.ModelForm):
    """The YAML text is validated alone (pydantic model of its file) and together with the other files in
    use (the engine must build its dictionaries from the result)."""

    class Meta:
        model = KnowledgeBaseFile
        fields = ("name", "text", "approved", "note")
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 100, "style": "font-family:monospace"})}

    def clean(self) -> dict[str, Any]:
        from govwatch.proofread.engine import proofread
        from govwatch.proofread.kb import KnowledgeBaseError
        from govwatch.storage import proofread_queries as q

        data = super().clean() or {}
        name, text = data.get("name") or getattr(self.instance, "name", ""), data.get("text")
        if name and text is not None:
            try:
                q.parse_kb_text(name, text)
                texts = {n: row.text for n, row in q.newest_approved().items()}
                texts[name] = text
                proofread("知识库校验。", q.build_kb(texts), typo=None)
            except KnowledgeBaseError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(KnowledgeBaseFile)
class KnowledgeBaseFileAdmin(admin.ModelAdmin):
    """Each save of a new text is a new version; a saved version's text never changes (only its approval
    and note), so what a job was checked against stays known."""

    form = KnowledgeBaseFileForm
    list_display = ("name", "version", "approved", "note", "created_by", "created_at")
    list_filter = ("name", "approved")
    readonly_fields = ("version", "created_by", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: KnowledgeBaseFile | None = None) -> Any:
        if obj is not None and obj.pk:
            return ("name", "text", "version", "created_by", "created_at")
        return self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        """``?name=leaders`` prefills the newest version's text (or the bundled file's) for editing."""
        from govwatch.storage import proofread_queries as q

        initial = dict(super().get_changeform_initial_data(request))
        name = request.GET.get("name", "")
        if name in KB_FILES:
            newest = KnowledgeBaseFile.objects.filter(name=name).order_by("-version").first()
            initial["text"] = newest.text if newest is not None else q.bundled_text(name)
        return initial

    def save_model(self, request: HttpRequest, obj: KnowledgeBaseFile, form: Any, change: bool) -> None:
        from govwatch.storage import proofread_queries as q

        if not change:
            obj.version = q.next_kb_version(obj.name)
            obj.created_by = request.user if request.user.is_authenticated else None
        super().save_model(request, obj, form, change)


@admin.register(ProofreadJob)
class ProofreadJobAdmin(admin.ModelAdmin):
    """Job history: a superuser sees every job, anyone else only their own."""

    list_display = ("created_at", "user", "kind", "name", "status", "issues_total", "site")
    list_filter = ("kind", "status")
    search_fields = ("name",)
    readonly_fields = ("user", "site", "kind", "name", "size", "status", "created_at", "finished_at", "issues_total",
                       "counts", "kb_version", "result", "outputs", "error")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProofreadJob]:
        rows = super().get_queryset(request)
        return rows if request.user.is_superuser else rows.filter(user_id=request.user.pk)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProofreadSchedule)
class ProofreadScheduleAdmin(admin.ModelAdmin):
    list_display = ("site", "interval_days", "next_run_at", "last_run_at", "failures", "enabled")
    list_filter = ("enabled",)
