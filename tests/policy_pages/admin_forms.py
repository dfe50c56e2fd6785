"""Build the POST data the Wagtail page editor would send, from a saved page.

The editor's plain fields, inline panels and rich text fields are read from the
edit form Wagtail renders; StreamFields are built in JavaScript in the browser,
so their data is made here from the page's value, key for key as the editor's
scripts name them.
"""

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import blocks
from wagtail.test.utils.form_data import rich_text

from policy_pages.blocks import RICH_TEXT_FEATURES


def block_form_data(block, value, prefix: str) -> dict[str, str]:
    """Form data for one block value, nested as Wagtail's block widgets post it."""
    data: dict[str, str] = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(value))
        for index, child in enumerate(value):
            data[f"{prefix}-{index}-type"] = child.block_type
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = child.id or ""
            data |= block_form_data(child.block, child.value, f"{prefix}-{index}-value")
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data |= block_form_data(child_block, value[name], f"{prefix}-{name}")
    elif isinstance(block, blocks.ListBlock):
        children = value.bound_blocks if hasattr(value, "bound_blocks") else value
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            child_value = getattr(child, "value", child)
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = getattr(child, "id", None) or ""
            data |= block_form_data(
                block.child_block, child_value, f"{prefix}-{index}-value"
            )
    elif isinstance(block, blocks.RichTextBlock):
        data[prefix] = rich_text(value.source, features=RICH_TEXT_FEATURES)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
    else:
        data[prefix] = "" if value is None else str(value)
    return data


def rendered_form_fields(html: bytes) -> dict[str, str]:
    """Every named field of the page edit form, with the value it was rendered with."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            selected = field.find("option", selected=True)
            data[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def edit_form_data(client, page) -> dict[str, str]:
    """What the editor would post to save ``page`` unchanged."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = rendered_form_fields(response.content)
    specific = page.specific
    for name in ("body", "escalation"):
        if hasattr(specific, name):
            field = specific._meta.get_field(name)
            data = {key: value for key, value in data.items() if key != name}
            data |= block_form_data(field.stream_block, getattr(specific, name), name)
    return data


def post_edit(client, page, data: dict[str, str], *, publish: bool = True):
    """Post the edit form, publishing (or saving a draft) as the editor would."""
    payload = dict(data)
    if publish:
        payload["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), payload)
