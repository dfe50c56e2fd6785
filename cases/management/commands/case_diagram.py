"""Print the case state diagram (Mermaid), generated from the transitions in code."""

from django.core.management.base import BaseCommand

from cases.workflow import mermaid_diagram


class Command(BaseCommand):
    help = "Print the case state diagram as a Mermaid block, for docs/case-workflow.md."

    def handle(self, *args, **options):
        self.stdout.write("```mermaid\n" + mermaid_diagram() + "```")
