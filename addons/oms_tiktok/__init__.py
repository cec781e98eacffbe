# The Odoo side (models, views, manifest) comes with oms_base's connector
# contract; for now the package holds the API client and the sandbox.
