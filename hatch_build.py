"""Build hook: compile the message catalogs (.po -> .mo, with Babel) into the wheel, and validate
the bundled knowledge base into a snapshot the package reads instead of validating it at run time.

An installed smm-advisor reads the compiled .mo; a checkout without one compiles the .po in
memory at first use (smm_advisor/i18n). The snapshot (smm_advisor/knowledge/bundled.snapshot) is
used only while the knowledge base and the code are what it was made from (knowledge/bundled.py);
without it, the knowledge base is validated on the first run. For an editable install both files
are written beside the sources (ignored by git), where the package is imported from.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from smm_advisor import i18n
            from smm_advisor.knowledge import bundled
        finally:
            sys.path.pop(0)
        for po in sorted(i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po")):
            mo = po.with_suffix(".mo")
            mo.write_bytes(i18n.compile_po(po.read_bytes(), po.parent.parent.name).getvalue())
            build_data["force_include"][str(mo)] = mo.relative_to(root).as_posix()
        target = bundled.write((root / "data" / "platforms.yaml").read_bytes())
        build_data["force_include"][str(target)] = target.relative_to(root).as_posix()
