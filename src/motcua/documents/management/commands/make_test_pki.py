"""Create a throwaway CA and signer certificates for development, tests and the demo."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from motcua.core.text import fold
from motcua.documents import testpki


class Command(BaseCommand):
    help = (
        "Write a test root CA (reused if DIR already has one) and one certificate per --signer "
        "into DIR, and print the SIGNING_* settings that use them. For testing only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--signer",
            action="append",
            default=[],
            metavar="NAME[;TITLE[;ORGANISATION]]",
            help="A signer certificate to issue; repeat for several. Default: one demo signer.",
        )

    def handle(self, *args, directory: Path, signer: list[str], **options) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        root = testpki.load_root(directory)
        if root is None:
            root = testpki.make_root()
            testpki.write_key(root.key, directory / "root-key.pem")
            testpki.write_cert(root.cert, directory / "root.pem")
            self.stdout.write(f"root CA: {directory / 'root.pem'}")
        specs = signer or ["Nguyễn Văn Ký;Chủ tịch;Ủy ban nhân dân xã Cái Nhum"]
        first = None
        for spec in specs:
            name, title, organisation = [*spec.split(";"), "", ""][:3]
            if not name.strip():
                raise CommandError(f"--signer needs a name: {spec!r}")
            leaf = testpki.make_leaf(
                root,
                common_name=name.strip(),
                title=title.strip(),
                organisation=organisation.strip(),
            )
            stem = slugify(fold(name)) or "signer"
            key_path = testpki.write_key(leaf.key, directory / f"{stem}-key.pem")
            cert_path = testpki.write_cert(leaf.cert, directory / f"{stem}.pem")
            self.stdout.write(f"signer {name.strip()}: {cert_path}")
            first = first or (key_path, cert_path)
        self.stdout.write("\nSettings for the first signer (test certificates, never production):")
        self.stdout.write(f"SIGNING_KEY_FILE={first[0].resolve()}")
        self.stdout.write(f"SIGNING_CERT_FILE={first[1].resolve()}")
        self.stdout.write(f"SIGNING_CHAIN_FILES={(directory / 'root.pem').resolve()}")
        self.stdout.write(f"SIGNING_TRUST_ROOTS={(directory / 'root.pem').resolve()}")
