"""Forms of the rectify area (Chinese labels and errors)."""

from __future__ import annotations

from django import forms

from govwatch.services.rectification.workdays import DEFAULT_WORKING_DAYS, MAX_WORKING_DAYS


class CreateForm(forms.Form):
    """整改通知 options: working days (1–60), requirements, extra recipients (one apprise URL a line)."""

    working_days = forms.IntegerField(label="整改期限（工作日）", min_value=1, max_value=MAX_WORKING_DAYS,
                                      initial=DEFAULT_WORKING_DAYS,
                                      error_messages={"min_value": "整改期限至少 1 个工作日",
                                                      "max_value": f"整改期限最多 {MAX_WORKING_DAYS} 个工作日",
                                                      "invalid": "请输入整数", "required": "请填写整改期限"})
    note = forms.CharField(label="整改要求", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    recipients = forms.CharField(label="附加通知地址（每行一个，可选）", required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2, "placeholder": "如 mailto://… 或企业微信、钉钉、飞书机器人地址"}))

    def recipient_list(self) -> list[str]:
        """The extra recipients, one per non-blank line."""
        return [line.strip() for line in self.cleaned_data.get("recipients", "").splitlines() if line.strip()]


class RespondForm(forms.Form):
    """The unit's answer; files come from ``request.FILES.getlist("files")``."""

    text = forms.CharField(label="整改情况说明", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "请填写整改情况说明"})


class CloseForm(forms.Form):
    """Why a notice is closed by hand (optional)."""

    reason = forms.CharField(label="办结说明", required=False, max_length=500)
