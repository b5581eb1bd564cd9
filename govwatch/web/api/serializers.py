"""JSON shapes of the API. Field descriptions (Chinese) come from the models' verbose names; no field
exposes secrets (notification addresses, webhook URLs, tokens, attachment paths)."""

from __future__ import annotations

from rest_framework import serializers

from govwatch.storage.models import Account, AccountFinding, Finding, Score, Site, Unit
from govwatch.storage.rectify.models import Rectification, RectificationItem, Response


class UnitSerializer(serializers.ModelSerializer):
    """主办单位: id, name, level."""

    class Meta:
        model = Unit
        fields = ["id", "name", "level"]


class SiteRefSerializer(serializers.ModelSerializer):
    """A site as referenced from a finding or score: id, name, home_url."""

    class Meta:
        model = Site
        fields = ["id", "name", "home_url"]


class SiteSerializer(serializers.ModelSerializer):
    """政府网站 with its unit."""

    unit = UnitSerializer(read_only=True, help_text="主办单位")

    class Meta:
        model = Site
        fields = ["id", "name", "home_url", "site_id_code", "unit", "level", "kind", "active", "created_at",
                  "updated_at"]


class FindingSerializer(serializers.ModelSerializer):
    """问题 of a website, with its site and unit."""

    site = SiteRefSerializer(read_only=True, help_text="网站")
    unit = UnitSerializer(source="site.unit", read_only=True, help_text="主办单位")

    class Meta:
        model = Finding
        fields = ["id", "site", "unit", "code", "indicators", "url", "message", "evidence", "fix", "count",
                  "status", "certainty", "first_seen", "last_seen", "days_seen", "resolved_at"]


class ScoreSerializer(serializers.ModelSerializer):
    """A site's score for a period (周期得分); ``detail`` holds the indicator results."""

    site = SiteRefSerializer(read_only=True, help_text="网站")
    unit = UnitSerializer(source="site.unit", read_only=True, help_text="主办单位")

    class Meta:
        model = Score
        fields = ["id", "site", "unit", "period", "rulebook_id", "rulebook_version", "verdict", "vetoed",
                  "deduction_score", "bonus", "total", "rank", "detail", "computed_at"]


class AccountSerializer(serializers.ModelSerializer):
    """政务新媒体账号 with its unit."""

    unit = UnitSerializer(read_only=True, help_text="主办单位")

    class Meta:
        model = Account
        fields = ["id", "platform", "name", "platform_id", "unit", "level", "kind", "active", "created_at"]


class AccountRefSerializer(serializers.ModelSerializer):
    """An account as referenced from its findings: id, platform, name."""

    class Meta:
        model = Account
        fields = ["id", "platform", "name"]


class AccountFindingSerializer(serializers.ModelSerializer):
    """问题 of a new-media account, with its account and unit."""

    account = AccountRefSerializer(read_only=True, help_text="账号")
    unit = UnitSerializer(source="account.unit", read_only=True, help_text="主办单位")

    class Meta:
        model = AccountFinding
        fields = ["id", "account", "unit", "code", "indicators", "url", "message", "evidence", "fix", "count",
                  "status", "first_seen", "last_seen", "days_seen", "resolved_at"]


class FindingRefSerializer(serializers.ModelSerializer):
    """The finding of a rectification item."""

    site = SiteRefSerializer(read_only=True, help_text="网站")

    class Meta:
        model = Finding
        fields = ["id", "site", "code", "url", "message", "status"]


class RectificationItemSerializer(serializers.ModelSerializer):
    """整改事项: one finding of a notice with its status and last 复查 outcome."""

    finding = FindingRefSerializer(read_only=True, help_text="问题")

    class Meta:
        model = RectificationItem
        fields = ["id", "finding", "status", "closed_at", "rechecked_at", "recheck_outcome", "recheck_note"]


class ResponseSerializer(serializers.ModelSerializer):
    """整改反馈: the unit's text, who answered and when (attachments are downloaded on the web page)."""

    attachments = serializers.SerializerMethodField(help_text="附件文件名")

    class Meta:
        model = Response
        fields = ["id", "text", "by_name", "at", "attachments"]

    def get_attachments(self, obj: Response) -> list[str]:
        """The names of the response's attachments."""
        return [a.name for a in obj.attachments.all()]


class RectificationSerializer(serializers.ModelSerializer):
    """整改通知 in a list: number, unit, deadline, status and how many items it has."""

    unit = UnitSerializer(read_only=True, help_text="主办单位")
    item_count = serializers.IntegerField(read_only=True, help_text="整改事项数")

    class Meta:
        model = Rectification
        fields = ["id", "number", "unit", "status", "created_at", "working_days", "deadline", "note",
                  "closed_at", "escalated_at", "item_count"]


class RectificationDetailSerializer(RectificationSerializer):
    """整改通知 with its items and the unit's responses."""

    items = RectificationItemSerializer(many=True, read_only=True, help_text="整改事项")
    responses = ResponseSerializer(many=True, read_only=True, help_text="整改反馈")

    class Meta(RectificationSerializer.Meta):
        fields = [*RectificationSerializer.Meta.fields, "items", "responses"]
