"""Drive Odoo over HTTP with the JSON-RPC calls its web client makes.

For role tests (``HttpCase``): a person logs in, opens a menu, a list, a
form, clicks a button; each step is the request the browser would send,
with the field specification the client builds from the view it got, so
that a field, a button or a menu the person may not use shows up as the
error they would see.
"""

import json
import re
from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tools.safe_eval import datetime, safe_eval, time

ACCESS_ERROR = "odoo.exceptions.AccessError"
ALWAYS = ("1", "True", "true")
X2MANY = ("one2many", "many2many")


def _is_invisible(node):
    return node.get("invisible") in ALWAYS or node.get("column_invisible") in ALWAYS


def fields_spec(node, model, models):
    """The ``web_read`` specification of the fields under ``node`` (a view
    or a part of it) of ``model``, as the web client builds it: many2one
    values with their display name, x2many values with the fields of their
    inline list (or kanban) view."""
    spec = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "field":
            for name, sub in fields_spec(child, model, models).items():
                spec.setdefault(name, sub)
            continue
        name = child.get("name")
        field = models[model]["fields"][name]
        invisible = _is_invisible(child)
        if field["type"] in ("many2one", "reference"):
            spec[name] = {"fields": {} if invisible else {"display_name": {}}}
        elif field["type"] in X2MANY and not invisible:
            subview = next(
                (sub for sub in child if sub.tag in ("list", "kanban")), None
            )
            if subview is not None:
                spec[name] = {
                    "fields": fields_spec(subview, field["relation"], models),
                    "limit": 40,
                }
            else:
                spec[name] = {"fields": {"display_name": {}}}
        else:
            spec.setdefault(name, {})
    return spec


def eval_context(context=None, uid=None, company_ids=None):
    """What the client evaluates action and view expressions with."""
    today = date.today()
    return {
        "context": dict(context or {}),
        "uid": uid,
        "allowed_company_ids": list(company_ids or []),
        "current_company_id": (company_ids or [False])[0],
        "context_today": lambda: today,
        "datetime": datetime,
        "relativedelta": relativedelta,
        "time": time,
    }


def eval_domain(domain, scope):
    """Evaluate a domain as the client does (a string in actions and views)."""
    if not isinstance(domain, str) or not domain.strip():
        return list(domain or [])
    return safe_eval(domain, dict(scope))


def record_context(values):
    """Values of a record as the client evaluates view expressions on them:
    many2one as id, x2many as ids."""
    context = {}
    for name, value in values.items():
        if isinstance(value, dict):
            value = value.get("id")
        elif isinstance(value, list):
            value = [v["id"] if isinstance(v, dict) else v for v in value]
        context[name] = value
    return context


class RpcError(Exception):
    """The error the web client shows: the exception's class and message."""

    def __init__(self, error):
        data = error.get("data", {})
        self.name = data.get("name")
        self.message = data.get("message")
        # the server's traceback, as the client's error dialog shows it
        self.debug = data.get("debug")
        # what the client picks its dialog by when it does not know the name
        self.dialog_class = (data.get("context") or {}).get("exception_class")
        super().__init__(f"{self.name}: {self.message}\n{self.debug}")


class View:
    """A view as ``get_views`` returned it to the current user."""

    def __init__(self, model, view_type, result):
        self.model = model
        self.type = view_type
        self.arch = result["views"][view_type]["arch"]
        self.toolbar = result["views"][view_type].get("toolbar", {})
        self.models = result["models"]
        self.root = etree.fromstring(self.arch)

    @property
    def spec(self):
        spec = fields_spec(self.root, self.model, self.models)
        if self.type == "form":
            spec.setdefault("display_name", {})
        return spec

    @property
    def field_names(self):
        return set(self.models[self.model]["fields"])

    def buttons(self, values=None):
        """Names of the buttons of the view itself (not of its x2many
        lists), of those visible on a record with ``values`` when given."""
        names = []
        scope = dict(eval_context(), **record_context(values or {}))
        for button in self.root.iter("button"):
            name = button.get("name")
            if not name or button.get("type") not in ("object", "action"):
                continue
            if any(parent.tag == "field" for parent in button.iterancestors()):
                continue
            invisible = (button.get("invisible") or "").strip()
            if (
                values is not None
                and invisible
                and (invisible in ALWAYS or safe_eval(invisible, dict(scope)))
            ):
                continue
            names.append(name)
        return names

    def toolbar_actions(self):
        return {
            action["name"] for actions in self.toolbar.values() for action in actions
        }

    def filter_domain(self, name, scope):
        (node,) = self.root.xpath(f"//filter[@name='{name}']")
        return eval_domain(node.get("domain", "[]"), scope)


class WebClientMixin:
    """What the browser sends, for an ``HttpCase`` after ``authenticate``."""

    def rpc(self, route, **params):
        body = {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        response = self.url_open(
            route,
            json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer["result"]

    def assertRpcError(self, name, call, *args, **kwargs):
        """``call`` fails with the exception ``name``, as a person sees it;
        return its message."""
        with self.assertRaises(RpcError) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.name, name, caught.exception.message)
        return caught.exception.message

    def assertUserErrorDialog(self, call, *args, **kwargs):
        """``call`` fails with a message the web client shows in its warning
        dialog, as a ``UserError``, never a server error with a traceback;
        return the message."""
        with self.assertRaises(RpcError) as caught:
            call(*args, **kwargs)
        error = caught.exception
        self.assertEqual(
            "odoo.exceptions.UserError"
            if error.name == "odoo.exceptions.UserError"
            else error.dialog_class,
            "odoo.exceptions.UserError",
            error.message,
        )
        return error.message

    def assertAccessError(self, call, *args, **kwargs):
        return self.assertRpcError(ACCESS_ERROR, call, *args, **kwargs)

    def call_kw(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )

    def click(self, model, method, ids, context=None):
        """A ``type="object"`` button of a form or a list."""
        return self.rpc(
            f"/web/dataset/call_button/{model}/{method}",
            model=model,
            method=method,
            args=[list(ids)],
            kwargs={"context": context or {}},
        )

    def run_server_action(self, xmlid, ids, model, context=None):
        """An entry of the Actions menu (``ir.actions.server``)."""
        action = self.env.ref(xmlid)
        ctx = dict(context or {}, active_id=ids[0], active_ids=ids, active_model=model)
        return self.rpc("/web/action/run", action_id=action.id, context=ctx)

    def menus(self):
        """The menus the user sees, by xmlid."""
        response = self.url_open("/web/webclient/load_menus/roles")
        response.raise_for_status()
        return {
            menu["xmlid"]: menu
            for menu in response.json().values()
            if menu.get("xmlid")
        }

    def load_action(self, action_id):
        return self.rpc("/web/action/load", action_id=action_id)

    def open_menu(self, xmlid):
        """Click a menu: the action it opens (the menu must be visible)."""
        menus = self.menus()
        self.assertIn(xmlid, menus, f"menu {xmlid} is not visible")
        return self.load_action(menus[xmlid]["actionID"])

    def eval_scope(self, context=None):
        user = self.env["res.users"].browse(self.session.uid)
        return eval_context(context, user.id, user.company_id.ids)

    def action_context(self, action):
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, self.eval_scope())
        return context

    def get_views(self, model, views, context=None, action_id=None):
        result = self.call_kw(
            model,
            "get_views",
            views=views,
            options={
                "toolbar": True,
                "load_filters": True,
                "action_id": action_id,
            },
            context=context or {},
        )
        return {view_type: View(model, view_type, result) for _id, view_type in views}

    def action_views(self, action):
        """The views an ``ir.actions.act_window`` opens, plus its search view."""
        views = [list(view) for view in action["views"]]
        search = action.get("search_view_id")
        views.append([search and search[0], "search"])
        return self.get_views(
            action["res_model"],
            views,
            context=self.action_context(action),
            action_id=action.get("id"),
        )

    def search_domain(self, action, views):
        """The action's domain and its ``search_default_*`` filters."""
        context = self.action_context(action)
        scope = self.eval_scope(context)
        domain = eval_domain(action.get("domain"), scope)
        for key, value in context.items():
            if key.startswith("search_default_") and value:
                name = key[len("search_default_") :]
                if views["search"].root.xpath(f"//filter[@name='{name}']"):
                    domain += views["search"].filter_domain(name, scope)
        return domain

    def open_list(self, action, domain=None):
        """Open an action's list as the client does; return its records'
        values and the views."""
        views = self.action_views(action)
        list_view = views.get("list")
        result = self.call_kw(
            action["res_model"],
            "web_search_read",
            specification=list_view.spec,
            domain=self.search_domain(action, views) + list(domain or []),
            offset=0,
            limit=80,
            count_limit=10001,
            context=self.action_context(action),
        )
        return result["records"], views

    def open_form(self, model, res_id, view_id=False, context=None):
        """Open a record in its form view: the values the form shows and
        the view."""
        view = self.get_views(
            model, [[view_id, "form"], [False, "search"]], context=context
        )["form"]
        (values,) = self.call_kw(
            model, "web_read", [res_id], specification=view.spec, context=context or {}
        )
        return values, view

    def open_action_form(self, action, res_id):
        """Open a record from an action's list: the action's form view."""
        view_id = next(
            (view_id for view_id, view_type in action["views"] if view_type == "form"),
            False,
        )
        return self.open_form(
            action["res_model"], res_id, view_id, self.action_context(action)
        )

    def save(self, model, res_id, changes, view, context=None):
        """Save a form (``web_save``), as the Save button does."""
        (values,) = self.call_kw(
            model,
            "web_save",
            [res_id] if res_id else [],
            changes,
            specification=view.spec,
            context=context or {},
        )
        return values

    def cancel_on_marketplace(self, sale):
        """*Cancel on Marketplace* from the order, confirmed with the first
        reason the marketplace proposes; return the wizard's defaults."""
        wizard_action = self.click("sale.order", "action_oms_cancel", sale.ids)
        defaults, wizard_view, context = self.open_wizard(wizard_action)
        self.assertTrue(defaults["reason_id"], "reasons fetched from the marketplace")
        wizard = self.save(
            "oms.cancel.order",
            False,
            {"reason_id": defaults["reason_id"]["id"]},
            wizard_view,
            context,
        )
        self.click("oms.cancel.order", "action_confirm", [wizard["id"]])
        return defaults

    def open_wizard(self, action):
        """Open the form of an ``act_window`` action returned by a button:
        its default values (``onchange``) and the view."""
        model = action["res_model"]
        context = action.get("context") or {}
        view = self.get_views(model, [[False, "form"]], context=context)["form"]
        result = self.call_kw(model, "onchange", [], {}, [], view.spec, context=context)
        return result["value"], view, context

    def download(self, url):
        response = self.url_open(url)
        response.raise_for_status()
        return response


def attachment_id(url):
    """The attachment a ``/web/content/<id>`` URL downloads."""
    return int(re.match(r"/web/content/(\d+)", url).group(1))
