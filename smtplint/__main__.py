from smtplint.entry import main

main()
