from smtplint.cli import main

main()
