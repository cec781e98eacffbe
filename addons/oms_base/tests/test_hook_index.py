import inspect
import re

from odoo.tests import TransactionCase, tagged

from odoo.addons.oms_base.models.oms_channel import OmsChannel


@tagged("post_install", "-at_install")
class TestHookIndex(TransactionCase):
    """The hooks ``oms.channel`` documents are the ones a connector overrides.

    Each is defined in the shop's class, and by no other class of oms_base:
    a default that oms_base itself replaces is a dead stub, and its entry in
    the index sends a connector to the wrong method.
    """

    def test_documented_hooks_are_defined_once_in_the_shop(self):
        hooks = set(re.findall(r"``(_oms_\w+|_compute_\w+)``", OmsChannel.__doc__))
        self.assertIn("_oms_process_event", hooks)
        model = type(self.env["oms.channel"])
        base_classes = [
            cls
            for cls in inspect.getmro(model)
            if cls.__module__.startswith("odoo.addons.oms_base.")
        ]
        for hook in sorted(hooks):
            owners = [cls for cls in base_classes if hook in vars(cls)]
            self.assertTrue(owners, f"{hook} is documented but not defined")
            if OmsChannel in owners:
                self.assertEqual(
                    owners, [OmsChannel], f"{hook}: oms_base replaces its own default"
                )
