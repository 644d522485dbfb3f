module github.com/lia-project/lia

go 1.26.8
