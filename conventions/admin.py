# Conventions are managed in the application's own pages (permission-checked, journaled);
# the employers they bind belong to the organisation and are in intervenants/admin.py.
