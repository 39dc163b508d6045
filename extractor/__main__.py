from extractor.cli import main_entry

main_entry()
