# Odoo 18 (official image) + OCA queue_job + the OMS addons.
FROM odoo:18.0

USER root
COPY requirements.txt /opt/oms/requirements.txt
# requirements.txt installs the repository's own toolkit from ./lib
COPY lib /opt/oms/lib
WORKDIR /opt/oms
# The OCA addons (queue_job, fastapi, the bank statement modules) declare a
# dependency on the `odoo` distribution, which the image provides as a
# system package rather than as pip metadata: they install without deps.
RUN grep -v "^odoo-addon-" requirements.txt > /tmp/req.txt \
 && pip3 install --no-cache-dir --break-system-packages -r /tmp/req.txt \
 && grep "^odoo-addon-" requirements.txt | sed 's/ *#.*//' > /tmp/oca.txt \
 && pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/oca.txt
COPY . /opt/oms
RUN chown -R odoo:odoo /opt/oms
USER odoo
# the sandboxes' control pages (tools/oms_run.py --sandbox-interface=0.0.0.0)
EXPOSE 8801 8802 8803
